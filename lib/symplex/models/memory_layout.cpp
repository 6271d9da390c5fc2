#include "symplex/models/memory_layout.h"

#include <torch/torch.h>

namespace symplex::models {

c10::MemoryFormat torch_memory_format(MemoryFormat format) {
  return format == MemoryFormat::channels_last ? c10::MemoryFormat::ChannelsLast
                                               : c10::MemoryFormat::Contiguous;
}

void set_memory_format(torch::nn::Module& module, MemoryFormat format) {
  torch::NoGradGuard no_grad;
  for (auto tensors : {module.parameters(), module.buffers()}) {
    for (auto& tensor : tensors) {
      if (tensor.dim() == 4) tensor.set_data(tensor.contiguous(torch_memory_format(format)));
    }
  }
}

}  // namespace symplex::models
