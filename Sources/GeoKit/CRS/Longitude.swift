import Foundation

/// Longitudes as written out: always in −180…180, whichever way round they were computed.
///
/// A projection's inverse adds an angle to its central meridian and can land past ±180° (a
/// cluster centroid at 281.3° for a point in Ohio projected through CM 114° E); a GeoJSON or CSV
/// reader rejects that or puts it on the wrong side of the globe.
public enum Longitude {
    /// The same meridian in −180…180 (180° and −180° are the same meridian; either may come back).
    /// Values already in range come back unchanged, bit for bit.
    @inline(__always)
    public static func normalized(_ degrees: Double) -> Double {
        abs(degrees) > 180 ? remainder(degrees, 360) : degrees
    }

    /// The shortest arc of longitude that covers every given longitude, as `lower...upper` with
    /// `lower` in −180…180 and `upper` ≥ `lower`, possibly past 180 for an arc across the
    /// antimeridian (Fiji, the Aleutians: `177...182.5`, not `-180...180`). Nil when empty.
    public static func shortestArc(covering longitudes: some Sequence<Double>) -> ClosedRange<Double>? {
        let sorted = longitudes.map(normalized).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        // The arc is the circle less its widest gap between neighbouring longitudes; the gap
        // across ±180° (from the last back round to the first) is a candidate too.
        var widestGap = first + 360 - last
        var arc = first...last
        for (west, east) in zip(sorted, sorted.dropFirst()) where east - west > widestGap {
            widestGap = east - west
            arc = east...(west + 360)
        }
        return arc
    }
}
