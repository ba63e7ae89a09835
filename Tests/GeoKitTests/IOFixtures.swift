import Foundation
import Testing

/// Loads the CRS and GeoJSON fixtures copied into the test bundle (`resources: [.copy("Fixtures")]`).
enum IOFixtures {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name) is not in the test bundle" }
    }

    static func data(_ name: String, in subdirectory: String = "Fixtures") throws -> Data {
        let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: subdirectory)
        guard let url else { throw Missing(name: "\(subdirectory)/\(name)") }
        return try Data(contentsOf: url)
    }

    static func geoJSON(_ name: String) throws -> Data {
        try data(name, in: "Fixtures/geojson")
    }

    /// Great-circle distance in metres (haversine on the mean Earth radius): an independent
    /// yardstick for the GCJ-02/BD-09 round trips, good to far better than the 0.5 m asked.
    static func metres(_ a: (lon: Double, lat: Double), _ b: (lon: Double, lat: Double)) -> Double {
        let radius = 6_371_008.8
        let phi1 = a.lat * .pi / 180, phi2 = b.lat * .pi / 180
        let dPhi = phi2 - phi1
        let dLambda = (b.lon - a.lon) * .pi / 180
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * radius * asin(min(1, h.squareRoot()))
    }
}
