import Foundation

/// How far a projection's metres are from the ground's over an extent: the bound the selection
/// of a metric system is made on, and the number to show beside it.
///
/// A short distance measured in the plane is off from the geodesic by the scale in its
/// direction less 1, so the largest such error over the extent bounds every 50 km pair in it
/// (the projected chord is no longer than the image of the geodesic, and no shorter than the
/// smallest scale times it); a cell's area is off by the areal scale less 1.
public struct MapDistortion: Hashable, Sendable {
    /// The largest relative error of a short distance, in any direction: `max |scale − 1|`.
    public var distance: Double
    /// The largest relative error of a small area: `max |areal scale − 1|` (0 for an equal-area
    /// projection, to rounding).
    public var area: Double

    public init(distance: Double, area: Double) {
        self.distance = distance
        self.area = area
    }

    /// Whether distances and areas both stay within their tolerances.
    public func isWithin(distance distanceTolerance: Double, area areaTolerance: Double) -> Bool {
        distance <= distanceTolerance && area <= areaTolerance
    }

    /// The accuracy the issue asks of a metric system (issue 14).
    public enum Tolerance {
        /// Distances up to 50 km anywhere in a province-sized extent.
        public static let provinceDistance = 0.005
        /// Distances in a continent-wide extent; beyond it, distances are to be measured on the
        /// ellipsoid, not in any projection.
        public static let continentDistance = 0.02
        /// Square cells' areas, anywhere.
        public static let cellArea = 0.01
    }
}

extension MetricCRS {
    /// The largest and smallest scale at a point, in any direction (the semi-axes of Tissot's
    /// indicatrix): their product is the areal scale. By central differences of `forward` a
    /// hundred-thousandth of a degree either way, good to about 1e-9.
    public func scales(at geographic: Coordinate) -> (largest: Double, smallest: Double) {
        let step = 1e-5
        let latitude = max(-89.9, min(89.9, geographic.y))
        let radii = ellipsoid.radiiOfCurvature(atLatitude: latitude)
        let metresEast = 2 * step * .pi / 180 * radii.primeVertical * cos(latitude * .pi / 180)
        let metresNorth = 2 * step * .pi / 180 * radii.meridian
        let east = forward(Coordinate(geographic.x + step, latitude)), west = forward(Coordinate(geographic.x - step, latitude))
        let north = forward(Coordinate(geographic.x, latitude + step)), south = forward(Coordinate(geographic.x, latitude - step))
        // The Jacobian from ground metres (east, north) to projected metres (x, y).
        let xe = (east.x - west.x) / metresEast, ye = (east.y - west.y) / metresEast
        let xn = (north.x - south.x) / metresNorth, yn = (north.y - south.y) / metresNorth
        let sumOfSquares = xe * xe + ye * ye + xn * xn + yn * yn
        let determinant = abs(xe * yn - xn * ye)
        let sum = (sumOfSquares + 2 * determinant).squareRoot()
        let difference = max(0, sumOfSquares - 2 * determinant).squareRoot()
        return ((sum + difference) / 2, (sum - difference) / 2)
    }

    /// The worst distance and area errors over a longitude/latitude extent, from the scales on
    /// a 65 × 65 grid spanning it, edges included (where a transverse Mercator's and a conic's
    /// errors peak; a conic's smallest scale, inside, is flat enough that the grid finds it to
    /// about 1e-5 on a continent).
    public func distortion(over extent: BoundingBox) -> MapDistortion {
        let steps = 64
        var worst = MapDistortion(distance: 0, area: 0)
        for i in 0...steps {
            let longitude = extent.minX + extent.width * Double(i) / Double(steps)
            for j in 0...steps {
                let latitude = extent.minY + extent.height * Double(j) / Double(steps)
                let (largest, smallest) = scales(at: Coordinate(longitude, latitude))
                worst.distance = max(worst.distance, abs(largest - 1), abs(smallest - 1))
                worst.area = max(worst.area, abs(largest * smallest - 1))
            }
        }
        return worst
    }
}
