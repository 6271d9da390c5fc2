#pragma once

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

namespace symplex::ablation {

// The `scramble` memory ablation (docs/memory_ablation.md): every tensor a training step reads is
// copied into newly allocated storage and the old storage is released, while every value stays the
// same. A run that depended on where its tensors live, rather than on their values, would change.

// Parameters, their gradients and buffers (e.g. batch-norm statistics). Each tensor keeps its
// identity (set_data), so the optimizer's references and the autograd graph's leaves stay valid.
void move_module_to_fresh_storage(torch::nn::Module& module);

// The optimizer's own tensors: Leapfrog's momenta, AdamW/Adam moments, SGD momentum buffers.
// Throws for an optimizer whose state it does not know, rather than skipping it silently.
void move_optimizer_state_to_fresh_storage(torch::optim::Optimizer& optimizer);

}  // namespace symplex::ablation
