#pragma once

#include "symplex/io/name_table.h"

namespace symplex::data {

// Where the images of a run come from; automatic picks CIFAR-10 when its files are there and
// Fashion-MNIST otherwise. Synthetic images are for smoke tests only.
enum class ImageSource { automatic, cifar10, fashion_mnist, synthetic };

inline constexpr io::NameTable<ImageSource, 4> kImageSourceNames = {{
    {ImageSource::automatic, "auto"},
    {ImageSource::cifar10, "cifar10"},
    {ImageSource::fashion_mnist, "fashion_mnist"},
    {ImageSource::synthetic, "synthetic"},
}};

}  // namespace symplex::data
