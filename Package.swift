// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "permitwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "permitwatch", targets: ["permitwatch"]),
        .library(name: "PermitWatch", targets: ["PermitWatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", exact: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // System libraries: module maps plus small shim headers.
        .systemLibrary(name: "CSpatiaLite", path: "Sources/CSpatiaLite"),
        .systemLibrary(name: "CGEOS", path: "Sources/CGEOS"),
        .systemLibrary(name: "CGDAL", path: "Sources/CGDAL"),

        // Geometry values, CRS transforms, GeoJSON, and the GEOS bridge.
        .target(name: "GeoKit", dependencies: ["CGEOS"]),
        // Vector files and workbooks through GDAL/OGR (Shapefile, GeoPackage, FileGDB, KML,
        // XLSX…): layers, fields, geometries as GeoKit values, coordinate systems, WGS-84.
        .target(name: "GeoFiles", dependencies: ["GeoKit", "CGDAL"]),
        // The one way files are written: through links and devices, regular files atomically.
        .target(name: "FileWriting"),
        // Running blocking work on the other core: a background task, per-chunk results.
        .target(name: "ParallelWork"),
        // Domain types and algorithms on plain values. No database, no HTTP.
        .target(name: "Enforcement", dependencies: ["GeoKit"]),
        // The one seeded random generator (SplitMix64), shared by the solvers, the generator and the tests.
        .target(name: "DeterministicRandom"),
        // Route solvers on plain values: TSPLIB, the tour heuristic, team orienteering, road graphs.
        .target(name: "Routing", dependencies: ["DeterministicRandom"]),
        // The deterministic Guangdong-like default dataset.
        .target(name: "ProvinceGenerator", dependencies: ["GeoKit", "Enforcement", "DeterministicRandom", "FileWriting"]),
        // The seam between the use cases and a database: the store's roles as protocols, the
        // records they exchange, and the one store error. No database library.
        .target(name: "Store", dependencies: ["GeoKit", "Enforcement"]),
        // What a store keeps in memory to serve the sources' pages, by generation: the source
        // index (positions, properties, a grid) and the features as encoded. Both stores use it.
        .target(name: "FeatureMemory", dependencies: ["GeoKit", "Store"]),
        // The SpatiaLite database behind the Store roles: schema, bulk writes, queries.
        .target(
            name: "SpatiaLiteStore",
            dependencies: [
                "Store", "FeatureMemory", "GeoKit", "Enforcement", "ParallelWork", "CSpatiaLite",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The same roles on PostgreSQL with PostGIS, through PostgresNIO: schema, COPY loads, queries.
        .target(
            name: "PostGISStore",
            dependencies: [
                "Store", "FeatureMemory", "GeoKit", "Enforcement",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Use cases shared by the CLI and the server.
        .target(
            name: "PermitWatch",
            dependencies: [
                "GeoKit", "GeoFiles", "Enforcement", "ProvinceGenerator", "Store", "Routing", "ParallelWork", "FileWriting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedQueries"]),
        // Hummingbird 2: OGC API - Features, the catalog over HTTP, metrics, the map page.
        .target(
            name: "PermitWatchServer",
            dependencies: [
                "PermitWatch", "Store", "GeoKit", "FileWriting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Compiles queries/*.sql into PermitWatch (the shipped query catalog).
        .executableTarget(name: "EmbedQueriesTool"),
        .plugin(name: "EmbedQueries", capability: .buildTool(), dependencies: ["EmbedQueriesTool"]),
        // scripts/geojson-parse-benchmark.sh: GeoKit's JSON parser against Foundation's (issue 13).
        .executableTarget(name: "geojson-parse-benchmark", dependencies: ["GeoKit"], path: "scripts/GeoJSONParseBenchmark"),
        // scripts/fuzz-readers.sh: the CSV, GeoJSON and query-catalog readers fed mutated files
        // (issue 16); the harness is a library so that the tests run it at a reduced size.
        .target(
            name: "ReaderFuzzing", dependencies: ["PermitWatch", "DeterministicRandom"], path: "scripts/ReaderFuzz/ReaderFuzzing"),
        .executableTarget(name: "reader-fuzz", dependencies: ["ReaderFuzzing"], path: "scripts/ReaderFuzz/ReaderFuzzMain"),
        .executableTarget(
            name: "permitwatch",
            dependencies: [
                "PermitWatch", "PermitWatchServer", "SpatiaLiteStore", "PostGISStore", "Store", "GeoKit", "Enforcement", "FileWriting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Test support, linked only into the test targets: the real data beside the checkout,
        // external tools and the `.requires` trait that skips without them (fails under CI),
        // and the one generated province the suites share.
        .target(
            name: "TestSupport",
            dependencies: [
                "PermitWatch", "ProvinceGenerator", "Store", "SpatiaLiteStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GeoFilesTests", dependencies: ["GeoFiles", "GeoKit", "TestSupport"]),
        .testTarget(
            name: "EnforcementTests", dependencies: ["Enforcement", "GeoKit", "DeterministicRandom"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "DeterministicRandom", "TestSupport"]),
        .testTarget(name: "FeatureMemoryTests", dependencies: ["FeatureMemory", "Store", "GeoKit"]),
        .testTarget(
            name: "SpatiaLiteStoreTests",
            dependencies: [
                "Store", "SpatiaLiteStore", "FeatureMemory", "GeoKit", "Enforcement", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "PostGISStoreTests",
            dependencies: ["PostGISStore", "SpatiaLiteStore", "Store", "PermitWatch", "GeoKit", "Enforcement", "TestSupport"]),
        .testTarget(
            name: "PermitWatchTests",
            dependencies: [
                "PermitWatch", "Store", "SpatiaLiteStore", "GeoKit", "Enforcement", "ProvinceGenerator", "FileWriting", "DeterministicRandom",
                "TestSupport", "ReaderFuzzing", .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "PermitWatchServerTests",
            dependencies: [
                "PermitWatchServer", "PermitWatch", "Store", "SpatiaLiteStore", "GeoKit", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]),
    ]
)
