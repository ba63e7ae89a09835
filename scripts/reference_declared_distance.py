"""The geodesic distance the location-mismatches test expects (RegisterRowsTests).

A source at 113.15 E, 23.05 N declares the town 440101001 of the fixture province, the square
113.0-113.1 E x 23.0-23.1 N: its distance to the town is the shortest WGS-84 geodesic from the
point to the town's east edge, the meridian 113.1 E. Run in the test venv:
    ~/.cache/permitwatch/venv/bin/python scripts/reference_declared_distance.py
"""
import numpy as np
from pyproj import Geod

geod = Geod(ellps="WGS84")
latitudes = np.linspace(23.0, 23.1, 100_001)
_, _, distances = geod.inv(np.full_like(latitudes, 113.15), np.full_like(latitudes, 23.05), np.full_like(latitudes, 113.1), latitudes)
print(f"{distances.min():.1f} m at latitude {latitudes[distances.argmin()]:.6f}")
