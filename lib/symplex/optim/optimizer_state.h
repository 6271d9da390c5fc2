#pragma once

#include <sstream>
#include <string>
#include <type_traits>

#include <torch/optim/optimizer.h>

namespace symplex::optim {

// A parameter's key in Optimizer::state(): the address of its TensorImpl, as text in LibTorch
// 1.x and as the pointer itself in 2.x.
template <class StateMap>
typename StateMap::key_type state_key(const torch::Tensor& parameter) {
  using Key = typename StateMap::key_type;
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << parameter.unsafeGetTensorImpl();
    return text.str();
  } else {
    return static_cast<Key>(parameter.unsafeGetTensorImpl());
  }
}

// The state an optimizer keeps for `parameter`, as its own type; nullptr before the parameter's
// first step.
template <class ParamState>
ParamState* param_state(torch::optim::Optimizer& optimizer, const torch::Tensor& parameter) {
  auto& states = optimizer.state();
  const auto found = states.find(state_key<std::decay_t<decltype(states)>>(parameter));
  return found == states.end() ? nullptr : static_cast<ParamState*>(found->second.get());
}

}  // namespace symplex::optim
