#include "symplex/kinds/image_data_keys.h"

#include "symplex/config/checks.h"

namespace symplex::kinds {

void read_image_keys(config::Section& data, data::ImageSplitsOptions& images) {
  data.choice("dataset", images.source, data::kImageSourceNames,
              "auto: CIFAR-10 when cifar10_dir holds its binary files, else Fashion-MNIST; "
              "synthetic is for smoke tests");
  data.optional<std::string>("cifar10_dir", images.cifar10_dir,
                             "folder of CIFAR-10's binary version (data_batch_1.bin, ...)");
  data.optional<std::string>("fashion_mnist_dir", images.fashion_mnist_dir,
                             "folder of Fashion-MNIST's IDX files (gzip or not)");
  data.optional<int64_t>("train_subset", images.train_subset,
                         "use the first N training images (0: all)", config::at_least<int64_t>(0));
  data.optional<int64_t>("test_subset", images.test_subset, "use the first N test images (0: all)",
                         config::at_least<int64_t>(0));
  if (images.source == data::ImageSource::cifar10 && images.cifar10_dir.empty()) {
    data.problem("dataset", "dataset cifar10 needs data.cifar10_dir");
  }
}

}  // namespace symplex::kinds
