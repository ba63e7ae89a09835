import ArgumentParser
import GeoKit
import PermitWatch

/// `--metric-crs`, shared by `init`, every `ingest` that writes x/y, and `assign`.
struct MetricCRSOptions: ParsableArguments {
    @Option(
        name: .customLong("metric-crs"),
        help: ArgumentHelp(
            "The metric CRS distances, cells, clusters and routes are measured in.",
            discussion: """
                epsg:N (4534–4554: CGCS2000 3-degree Gauss-Kruger CM 75E–135E; 32601–32660, \
                32701–32760: WGS 84 / UTM) or a PROJ string (+proj=tmerc, +proj=utm or +proj=aea on \
                GRS80 or WGS84, in metres). Default: chosen from the data at the first ingest (the \
                nearest CGCS2000 zone in China, the UTM zone elsewhere, an Albers conic fitted to \
                data too wide for a zone). Stored with the data; an ingest never changes it.
                """,
            valueName: "crs"))
    var text: String?

    /// The system named, nil when none was.
    ///
    /// - Throws: `ParameterError` (`metric_crs`) for a text that names no system GeoKit projects.
    func value() throws -> MetricCRS? { try MetricCRSChoice.parse(text) }

    func validate() throws {
        _ = try checkingUsage { try value() }
    }
}
