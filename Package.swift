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
    ],
    targets: [
        // System libraries: module maps plus small shim headers.
        .systemLibrary(name: "CSpatiaLite", path: "Sources/CSpatiaLite"),
        .systemLibrary(name: "CGEOS", path: "Sources/CGEOS"),

        // Geometry values, CRS transforms, GeoJSON, and the GEOS bridge.
        .target(name: "GeoKit", dependencies: ["CGEOS"]),
        // Domain types and algorithms on plain values. No database, no HTTP.
        .target(name: "Enforcement", dependencies: ["GeoKit"]),
        // The deterministic Guangdong-like default dataset.
        .target(name: "ProvinceGenerator", dependencies: ["GeoKit", "Enforcement"]),
        // The SpatiaLite database: schema, bulk writes, queries.
        .target(
            name: "Store",
            dependencies: [
                "GeoKit", "Enforcement", "CSpatiaLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Use cases shared by the CLI and the server.
        .target(
            name: "PermitWatch",
            dependencies: [
                "GeoKit", "Enforcement", "ProvinceGenerator", "Store",
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedQueries"]),
        // Compiles queries/*.sql into PermitWatch (the shipped query catalog).
        .executableTarget(name: "EmbedQueriesTool"),
        .plugin(name: "EmbedQueries", capability: .buildTool(), dependencies: ["EmbedQueriesTool"]),
        .executableTarget(
            name: "permitwatch",
            dependencies: [
                "PermitWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EnforcementTests", dependencies: ["Enforcement", "GeoKit"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "GeoKit", "Enforcement"]),
        .testTarget(
            name: "PermitWatchTests",
            dependencies: ["PermitWatch", "Store", "GeoKit", "Enforcement", "ProvinceGenerator"],
            resources: [.copy("Fixtures")]),
    ]
)
