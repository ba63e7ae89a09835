import Foundation
import GeoKit
import Logging
import Store

/// `permitwatch ingest depots`: the bureaus' offices (`code,name,county_code,lon,lat`), where
/// inspection routes start and end.
public struct DepotIngest: Sendable {
    /// Where the depots go, and the metric CRS their x/y are in.
    public typealias Storage = FieldNetwork & MetricCRSStore

    let database: any Storage
    let logger: Logger

    public init(database: any Storage, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// - Parameters:
    ///   - crs: the system of the file's `lon`, `lat` columns (`--crs`); nil: WGS-84 degrees.
    ///     Converted by `CoordinateConversion`, as every ingest's coordinates are.
    ///   - metricCRS: `--metric-crs`, for a store that has none yet (`MetricCRSChoice`).
    public func run(file path: String, crs: CoordinateSystem? = nil, metricCRS requested: MetricCRS? = nil) throws -> Int {
        let conversion = try CoordinateConversion.declared(crs, file: path)
        let file = try KeyedPointFile(
            path: path, keyNames: ["code", "id"], lonNames: ["lon", "lng", "longitude", "经度"], latNames: ["lat", "latitude", "纬度"],
            expected: "code, name, county_code, lon, lat", noun: ("depot", "code"))
        let nameColumn = file.column(["name", "名称"])
        let countyColumn = file.column(["county_code", "county"])
        var problems = ProblemList()
        var depots = file.rows(problems: &problems, conversion: conversion).map { row in
            let location = row.lonLat
            return DepotRecord(
                code: row.key, name: nameColumn.map { file.document.string(row.fields[$0]) } ?? row.key,
                countyCode: countyColumn.map { file.document.string(row.fields[$0]) }.flatMap { $0.isEmpty ? nil : $0 },
                location: location, projected: location)
        }
        try problems.throwIfAny()
        let metricCRS = try MetricCRSChoice.forIngest(stored: database.metricCRS(), requested: requested) { depots.map(\.location) }
        for i in depots.indices { depots[i].projected = metricCRS.forward(depots[i].location) }
        try database.replaceDepots(
            depots,
            log: IngestLogEntry(kind: "depots", file: path, crs: conversion.description, rows: depots.count, warnings: 0, metricCRS: metricCRS))
        return depots.count
    }
}
