/// A table of the store as `permitwatch copy` moves it between stores: its columns, in an
/// order both stores write, and the kind of value each holds.
///
/// Both stores keep the same tables with the same columns (SpatiaLite's schema v15, PostGIS's
/// migration 1); only how a geometry is held differs, so a column says it is one and each store
/// reads it out as WKB and makes its own of it again. The list is the store's whole content:
/// a table added to either schema belongs here, or a copy would lose it (a test compares the
/// list with the SpatiaLite schema's tables).
public struct TransferTable: Sendable, Hashable {
    /// What a column holds, as far as a copy must know to carry it across unchanged.
    public enum ColumnKind: Sendable, Hashable {
        case integer, real, text, blob
        /// A geometry column (SpatiaLite's geometry, PostGIS's `geometry(…, 4326)`), moved as WKB.
        case geometry
        /// A geometry kept in a plain blob column in each store's own encoding (SpatiaLite's
        /// geometry blob, WKB on PostGIS), moved as WKB.
        case geometryBlob
    }

    public struct Column: Sendable, Hashable {
        public let name: String
        public let kind: ColumnKind
    }

    public let name: String
    public let columns: [Column]
    /// The primary key's columns: the order rows are read in, so a copy is the same bytes twice.
    public let key: [String]
    /// Whether `id` is numbered by the database (an identity on PostGIS): after a copy, the next
    /// row must be numbered after the copied ones.
    public let numbersItsRows: Bool

    init(_ name: String, key: [String] = ["id"], numbersItsRows: Bool = false, _ columns: KeyValuePairs<String, ColumnKind>) {
        self.name = name
        self.key = key
        self.numbersItsRows = numbersItsRows
        self.columns = columns.map { Column(name: $0.key, kind: $0.value) }
    }

    /// The column names, comma-separated, for an `INSERT` or a `COPY`.
    public var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// Every table, parents before the tables that refer to them.
    public static let all: [TransferTable] = [
        TransferTable("settings", key: ["key"], ["key": .text, "value": .text]),
        TransferTable("ingests", numbersItsRows: true, [
            "id": .integer, "kind": .text, "file": .text, "crs": .text, "as_of": .text, "rows": .integer, "warnings": .integer,
            "events": .integer, "at": .text, "rejected": .integer, "rejects_file": .text, "attribute_columns": .text,
            "metric_crs": .text, "author": .text,
        ]),
        TransferTable("ingest_rejects", key: ["ingest_id", "line"], [
            "ingest_id": .integer, "line": .integer, "row": .text, "field": .text, "reason": .text,
        ]),
        TransferTable("areas", numbersItsRows: true, [
            "id": .integer, "level": .text, "code": .text, "name": .text, "parent_code": .text, "officer": .text,
            "officer_phone": .text, "area_km2": .real, "repair_note": .text, "geometry": .geometry,
        ]),
        TransferTable("area_names", key: ["level", "code"], [
            "level": .text, "code": .text, "name": .text, "parent_code": .text, "officer": .text, "officer_phone": .text,
        ]),
        TransferTable("area_paths", key: ["grid_code"], [
            "grid_code": .text, "town_code": .text, "county_code": .text, "prefecture_code": .text, "grid_name": .text,
            "town_name": .text, "county_name": .text, "prefecture_name": .text, "officer": .text, "officer_phone": .text,
        ]),
        TransferTable("sources", [
            "id": .integer, "source_id": .text, "name": .text, "uscc": .text, "industry": .text, "category": .text,
            "status": .text, "status_date": .text, "deadline": .text, "lon": .real, "lat": .real, "x": .real, "y": .real,
            "removed_on": .text, "prefecture_code": .text, "county_code": .text, "town_code": .text, "grid_code": .text,
            "cell_ix": .integer, "cell_iy": .integer, "placement": .text, "snap_distance_m": .real, "geometry": .geometry,
            "attributes": .text, "declared_area_code": .text, "location_mismatch": .integer,
        ]),
        TransferTable("events", numbersItsRows: true, [
            "id": .integer, "source_id": .text, "date": .text, "kind": .text, "status": .text, "deadline": .text,
            "ingest_id": .integer, "details": .text,
        ]),
        TransferTable("depots", numbersItsRows: true, [
            "id": .integer, "code": .text, "name": .text, "county_code": .text, "lon": .real, "lat": .real, "x": .real,
            "y": .real, "geometry": .geometry,
        ]),
        TransferTable("roads", numbersItsRows: true, [
            "id": .integer, "direction": .text, "metres_per_second": .real, "coordinates": .text, "geometry": .geometry,
        ]),
        TransferTable("analysis_runs", numbersItsRows: true, [
            "id": .integer, "kind": .text, "parameters": .text, "summary": .text, "created_at": .text,
        ]),
        TransferTable("clusters", numbersItsRows: true, [
            "id": .integer, "run_id": .integer, "cluster": .integer, "members": .integer, "core_members": .integer,
            "first_source_id": .text, "centroid_lon": .real, "centroid_lat": .real, "area_km2": .real,
            "density_per_km2": .real, "risk": .real, "sources_nearby": .integer, "licensed_nearby": .integer,
            "overdue_nearby": .integer, "by_status": .text, "by_industry": .text, "towns": .text, "grids": .text,
            "concave_outline": .geometryBlob, "geometry": .geometry,
        ]),
        TransferTable("cluster_members", key: ["run_id", "source_id"], [
            "run_id": .integer, "source_id": .text, "cluster": .integer, "core": .integer,
        ]),
        TransferTable("hotspot_cells", numbersItsRows: true, [
            "id": .integer, "run_id": .integer, "cell": .text, "cx": .integer, "cy": .integer, "cell_size": .real,
            "value": .real, "sources": .integer, "z": .real, "p": .real, "bin": .integer,
        ]),
        TransferTable("route_plans", numbersItsRows: true, [
            "id": .integer, "created_at": .text, "parameters": .text, "depot": .text, "teams": .integer, "prize": .real,
            "distance_km": .real, "unvisited": .integer,
        ]),
        TransferTable("route_teams", numbersItsRows: true, [
            "id": .integer, "route": .text, "plan_id": .integer, "team": .integer, "depot": .text, "stops": .integer,
            "stop_ids": .text, "prize": .real, "distance_km": .real, "duration_h": .real, "created_at": .text,
            "geometry": .geometry,
        ]),
        TransferTable("access_tokens", [
            "id": .text, "name": .text, "role": .text, "secret_hash": .text, "created_at": .text, "revoked_at": .text,
        ]),
        TransferTable("idempotent_requests", key: ["author", "key"], [
            "author": .text, "key": .text, "fingerprint": .text, "ingest_id": .integer, "status": .integer,
            "content_type": .text, "body": .blob,
        ]),
        TransferTable("source_changes", key: ["generation", "source_rowid"], ["generation": .integer, "source_rowid": .integer]),
        TransferTable("history_changes", key: ["generation"], ["generation": .integer, "first_date": .text, "last_date": .text]),
    ]

    /// The settings a copy does not carry as they are: the generation and the change logs'
    /// resets (the copy is a new generation of the target, after which every reader reads all
    /// again), and what a store derives from the others (PostGIS's way of measuring distance).
    public static let settingsSetByTheCopy: Set<String> = ["generation", "sources_reset", "history_reset", "metric_crs_distances"]

    /// Whether a copy carries `row` of this table as it is: every row but the settings the
    /// target sets itself (`settingsSetByTheCopy`).
    public func carries(_ row: [SQLValue]) -> Bool {
        guard name == "settings", case .text(let key)? = row.first else { return true }
        return !Self.settingsSetByTheCopy.contains(key)
    }
}
