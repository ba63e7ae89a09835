import Foundation
import GeoKit
import Logging
import Store

/// `permitwatch ingest depots`: the bureaus' offices (`code,name,county_code,lon,lat`), where
/// inspection routes start and end.
public struct DepotIngest: Sendable {
    let database: any FieldNetwork
    let logger: Logger

    public init(database: any FieldNetwork, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// - Parameter crs: the system of the file's `lon`, `lat` columns (`--crs`); nil: WGS-84
    ///   degrees. Converted by `CoordinateConversion`, as every ingest's coordinates are.
    public func run(file path: String, crs: CoordinateSystem? = nil) throws -> Int {
        let conversion = try CoordinateConversion.declared(crs, file: path)
        let file = try KeyedPointFile(
            path: path, keyNames: ["code", "id"], lonNames: ["lon", "lng", "longitude", "经度"], latNames: ["lat", "latitude", "纬度"],
            expected: "code, name, county_code, lon, lat", noun: ("depot", "code"))
        let nameColumn = file.column(["name", "名称"])
        let countyColumn = file.column(["county_code", "county"])
        var problems = ProblemList()
        let depots = file.rows(problems: &problems, conversion: conversion).map { row in
            let location = row.lonLat
            return DepotRecord(
                code: row.key, name: nameColumn.map { file.document.string(row.fields[$0]) } ?? row.key,
                countyCode: countyColumn.map { file.document.string(row.fields[$0]) }.flatMap { $0.isEmpty ? nil : $0 },
                location: location, projected: GaussKruger.epsg4547.forward(location))
        }
        try problems.throwIfAny()
        try database.replaceDepots(depots, log: IngestLogEntry(kind: "depots", file: path, crs: conversion.description, rows: depots.count, warnings: 0))
        return depots.count
    }
}
