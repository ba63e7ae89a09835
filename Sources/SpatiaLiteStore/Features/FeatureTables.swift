import Store

/// How each feature collection is stored in the SpatiaLite file: its table, the rows that
/// belong to it, and its geometry. The collections themselves (`FeatureCollectionDefinition`)
/// are storage-neutral; this mapping is the SpatiaLite store's own.
enum FeatureTables {
    struct Storage: Sendable, Hashable {
        enum Geometry: Sendable, Hashable {
            /// A point from `lon`, `lat` columns, written with fixed decimals by the caller.
            case lonLat
            /// A SpatiaLite geometry blob in `geometry`.
            case blob
            /// A hot-spot cell: a square of the metric grid rebuilt from `cx`, `cy` and
            /// `cell_size`, or, when `cell_size` is null, the polygon of the grid area `cell`.
            case gridCell
        }
        let table: String
        /// A condition every row of the collection meets (bound values only, see `arguments`).
        let condition: String
        let arguments: [SQLValue]
        let geometry: Geometry
        let spatialIndex: String
    }

    static func storage(of definition: FeatureCollectionDefinition) -> Storage {
        guard let storage = byCollection[definition.id] else {
            preconditionFailure("no table is mapped for the feature collection \(definition.id)")
        }
        return storage
    }

    private static let latestRun = "run_id = (SELECT max(id) FROM analysis_runs WHERE kind = ?)"

    private static let byCollection: [String: Storage] = [
        "sources": Storage(
            table: "sources", condition: "removed_on IS NULL", arguments: [], geometry: .lonLat, spatialIndex: "idx_sources_geometry"),
        "prefectures": areas(level: "prefecture"),
        "counties": areas(level: "county"),
        "towns": areas(level: "town"),
        "grids": areas(level: "grid"),
        "depots": Storage(table: "depots", condition: "1", arguments: [], geometry: .lonLat, spatialIndex: ""),
        "clusters": Storage(
            table: "clusters", condition: latestRun, arguments: [.text("clusters")], geometry: .blob, spatialIndex: "idx_clusters_geometry"),
        "hotspots": Storage(
            table: "hotspot_cells", condition: latestRun, arguments: [.text("hotspots")], geometry: .gridCell,
            spatialIndex: "idx_areas_geometry"),
        "routes": Storage(
            table: "route_teams", condition: "plan_id IS NOT NULL", arguments: [], geometry: .blob, spatialIndex: "idx_route_teams_geometry"),
    ]

    private static func areas(level: String) -> Storage {
        Storage(table: "areas", condition: "level = ?", arguments: [.text(level)], geometry: .blob, spatialIndex: "idx_areas_geometry")
    }
}
