#pragma once

#include "symplex/config/section.h"
#include "symplex/data/image_source.h"

namespace symplex::kinds {

// The spec keys of a sweep's image splits (dataset, its folders, the subsets), for the kinds that
// train on images; the caller finishes the section.
void read_image_keys(config::Section& data, data::ImageSplitsOptions& images);

}  // namespace symplex::kinds
