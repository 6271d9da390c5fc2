"""What the plot scripts of scripts/ share: reading the CSV files symplex writes."""
import csv
import math

import numpy as np


def read_csv(path):
    """The rows of a CSV file as dicts keyed by its header."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    """A CSV cell as a float: an empty cell (and nan, -nan) is NaN, 'inf' is +inf."""
    if text in (None, ""):
        return math.nan
    try:
        return float(text)
    except ValueError:
        return math.nan


def positive(values):
    """The values with everything a log axis cannot show (≤ 0, ±inf, NaN) as NaN."""
    array = np.asarray(values, dtype=float)
    return np.where(np.isfinite(array) & (array > 0), array, np.nan)
