import Store

/// How each feature collection is stored in the PostGIS schema: its table, the rows that belong
/// to it, its geometry and the order of its pages. The tables are the SpatiaLite store's, so
/// this is its `FeatureTables` in PostgreSQL's terms.
enum PostGISFeatureTables {
    struct Storage: Sendable {
        enum Geometry: Sendable {
            /// A point from `lon`, `lat`.
            case lonLat
            /// A PostGIS geometry in `geometry`.
            case geometry
            /// A hot-spot cell: a square of the metric grid from `cx`, `cy` and `cell_size`, or,
            /// when `cell_size` is null, the polygon of the grid area `cell`.
            case gridCell
        }
        let table: String
        /// A condition every row of the collection meets; `$1`… are `arguments`.
        let condition: String
        let arguments: [SQLValue]
        let geometry: Geometry
        /// The order of pages: SpatiaLite's (sources by row, the others by id, text byte-wise).
        let order: String
    }

    static func storage(of definition: FeatureCollectionDefinition) -> Storage {
        guard let storage = byCollection[definition.id] else {
            preconditionFailure("no table is mapped for the feature collection \(definition.id)")
        }
        return storage
    }

    private static let latestRun = "run_id = (SELECT max(id) FROM analysis_runs WHERE kind = $1)"

    private static let byCollection: [String: Storage] = [
        "sources": Storage(table: "sources", condition: "removed_on IS NULL", arguments: [], geometry: .lonLat, order: "id"),
        "prefectures": areas(level: "prefecture"),
        "counties": areas(level: "county"),
        "towns": areas(level: "town"),
        "grids": areas(level: "grid"),
        "depots": Storage(table: "depots", condition: "true", arguments: [], geometry: .lonLat, order: #"code COLLATE "C""#),
        "clusters": Storage(table: "clusters", condition: latestRun, arguments: [.text("clusters")], geometry: .geometry, order: "cluster"),
        "hotspots": Storage(
            table: "hotspot_cells", condition: latestRun, arguments: [.text("hotspots")], geometry: .gridCell, order: #"cell COLLATE "C""#),
        "routes": Storage(table: "route_teams", condition: "plan_id IS NOT NULL", arguments: [], geometry: .geometry, order: #"route COLLATE "C""#),
    ]

    private static func areas(level: String) -> Storage {
        Storage(table: "areas", condition: "level = $1", arguments: [.text(level)], geometry: .geometry, order: #"code COLLATE "C""#)
    }
}
