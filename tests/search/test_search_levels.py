"""Levels of regions: the whole image, objects (≥ a fifth of the area), parts."""

import numpy as np
import pytest

from culti_desktop.core.search.crops import CropConfig, crop_boxes, grid_boxes
from culti_desktop.core.search.levels import best_per_level, box_level, level_indices


def test_crop_scales_map_to_parts_objects_and_the_whole():
    assert box_level((0, 0, 1, 1)) == "whole"
    assert {box_level(b) for b in grid_boxes(2)} == {"object"}
    assert {box_level(b) for b in grid_boxes(3)} == {"part"}
    boxes = crop_boxes(CropConfig())
    assert sorted(level_indices(boxes, "whole")) == [0]
    assert len(level_indices(boxes, "part")) >= 9 and len(level_indices(boxes, "object")) >= 4
    with pytest.raises(ValueError):
        level_indices(boxes, "theme park")


def test_best_per_level_picks_each_levels_top_crop():
    boxes = [(0, 0, 1, 1), *grid_boxes(2), *grid_boxes(3)]
    sims = np.zeros(len(boxes))
    sims[3] = 0.5  # an object
    sims[1 + 4 + 7] = 0.9  # a part
    assert best_per_level(boxes, sims) == [("part", 12), ("object", 3), ("whole", 0)]
