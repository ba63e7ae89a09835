/// The three readers the fuzzer feeds (issue 16, point 5): each with its seed files and the
/// extension its mutated files are written with.
public enum FuzzedReader: String, CaseIterable, Sendable {
    /// `ingest sources FILE.csv`: `SourceFileReader` (through `InputCheck.sourceList`).
    case csv
    /// `ingest areas FILE.geojson`: GeoKit's parser and reader, `FeatureInput`, the polygons'
    /// checks and repair (through `InputCheck.areas`).
    case geojson
    /// A user's query file in a `queries/` folder: `QueryCatalog` and `QueryDefinition`.
    case catalog

    public var fileExtension: String {
        switch self {
        case .csv: "csv"
        case .geojson: "geojson"
        case .catalog: "sql"
        }
    }

    /// A number of its own, so each reader's files come from their own streams.
    var streamID: UInt64 {
        switch self {
        case .csv: 1
        case .geojson: 2
        case .catalog: 3
        }
    }

    /// The seed files under the repository's root: its own fixtures and the fuzzer's seeds.
    var seedFolders: [(folder: String, extensions: Set<String>)] {
        switch self {
        case .csv:
            [("Tests/PermitWatchTests/Fixtures/good", ["csv"]), ("Tests/PermitWatchTests/Fixtures/bad", ["csv"]),
             ("scripts/ReaderFuzz/Seeds/csv", ["csv"])]
        case .geojson:
            [("Tests/PermitWatchTests/Fixtures/good", ["geojson"]), ("Tests/PermitWatchTests/Fixtures/bad", ["geojson"]),
             ("Tests/GeoKitTests/Fixtures/geojson", ["geojson", "json"]), ("scripts/ReaderFuzz/Seeds/geojson", ["geojson"])]
        case .catalog:
            [("queries", ["sql"]), ("scripts/ReaderFuzz/Seeds/catalog", ["sql"])]
        }
    }
}
