import FileWriting
import GeoKit
import Store

/// Rows of an analytics result, written through the same writers as catalog queries, so
/// `clusters` and `hotspots` print tables, CSV, JSON and GeoJSON exactly as `query` does.
public struct AnalyticsTable: Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    /// One per row when the table has a geometry (the last column, `geometry`).
    public var geometries: [GeoJSONGeometry?]
    public var hasGeometry: Bool
    /// For a column with a structure (counts by status, a list of codes), each row's value as
    /// JSON text: what JSON outputs write, where tables and CSV show `rows`' text for people.
    public var json: [Int: [String]] = [:]

    public init(columns: [String], rows: [[SQLValue]], geometries: [GeoJSONGeometry?]?) {
        self.columns = columns
        self.rows = rows
        self.geometries = geometries ?? []
        self.hasGeometry = geometries != nil
    }

    public func write(to writer: some QueryResultWriter) throws {
        if writer.needsGeometry && !hasGeometry {
            throw ParameterError("f", "geojson", "this result has no geometry to write as GeoJSON; expected csv or json", flag: "format")
        }
        let names = hasGeometry ? columns + ["geometry"] : columns
        let structured = writer.writesJSON ? json : [:]
        writer.takeJSON(inColumns: Set(structured.keys))
        try writer.begin(columns: names, geometryColumn: hasGeometry ? columns.count : nil)
        for (index, row) in rows.enumerated() {
            var values = row
            for (column, texts) in structured { values[column] = .text(texts[index]) }
            try writer.row(hasGeometry ? values + [.null] : values, geometry: hasGeometry ? geometries[index] : nil)
        }
        try writer.end()
    }
}

extension ClusterAnalysis.Report {
    /// One row per cluster, with its outline, the riskiest first (then by cluster number): the
    /// order a planner reads them in.
    public func table() -> AnalyticsTable {
        let clusters = self.clusters.sorted { ($1.risk, $0.cluster) < ($0.risk, $1.cluster) }
        let columns = [
            "cluster", "members", "core_members", "first_source_id", "risk", "area_km2", "density_per_km2", "sources_nearby",
            "licensed_nearby", "overdue_nearby", "centroid_lon", "centroid_lat", "towns", "grids", "by_status", "by_industry",
        ]
        let rows: [[SQLValue]] = clusters.map { c in
            [
                .integer(Int64(c.cluster)), .integer(Int64(c.members)), .integer(Int64(c.coreMembers)), .text(c.firstSourceID),
                .real(c.risk), .real((c.areaKM2 * 1000).rounded() / 1000), .real(c.densityPerKM2.rounded()),
                .integer(Int64(c.sourcesNearby)), .integer(Int64(c.licensedNearby)), .integer(Int64(c.overdueNearby)),
                .real((c.centroid.x * 1e6).rounded() / 1e6), .real((c.centroid.y * 1e6).rounded() / 1e6),
                .text(c.towns.joined(separator: " ")), .text(c.grids.joined(separator: " ")),
                .text(c.byStatus.map { "\($0.0):\($0.1)" }.joined(separator: " ")),
                .text(c.byIndustry.map { "\($0.0):\($0.1)" }.joined(separator: " ")),
            ]
        }
        var table = AnalyticsTable(columns: columns, rows: rows, geometries: clusters.map { .multiPolygon($0.concaveOutline ?? $0.outline) })
        // The same shapes as the stored clusters collection serves: objects of counts, arrays of codes.
        func text(_ value: JSONValue) -> String {
            var writer = GeoJSONWriter()
            writer.writeJSON(value)
            return writer.text
        }
        func counts(_ pairs: [(String, Int)]) -> String { text(.object(JSONObject(pairs.map { ($0.0, .number(Double($0.1))) }))) }
        func codes(_ list: [String]) -> String { text(.array(list.map { .string($0) })) }
        table.json = [
            columns.firstIndex(of: "towns")!: clusters.map { codes($0.towns) }, columns.firstIndex(of: "grids")!: clusters.map { codes($0.grids) },
            columns.firstIndex(of: "by_status")!: clusters.map { counts($0.byStatus) },
            columns.firstIndex(of: "by_industry")!: clusters.map { counts($0.byIndustry) },
        ]
        return table
    }

    /// `source_id,cluster` for every selected source (-1: noise), by source id.
    public func membersTable() -> AnalyticsTable {
        AnalyticsTable(
            columns: ["source_id", "cluster"], rows: members.map { [.text($0.sourceID), .integer(Int64($0.cluster))] }, geometries: nil)
    }
}
