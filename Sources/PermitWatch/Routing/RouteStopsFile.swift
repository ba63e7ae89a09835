import GeoKit

/// A stops file: `source_id,lon,lat,priority` (WGS-84 degrees, or the system `crs` declares;
/// priority a positive number, default 1 when the column is absent). A bad row is rejected
/// with its line and field.
enum RouteStopsFile {
    static func read(_ path: String, crs: CoordinateSystem? = nil) throws -> [RouteStop] {
        let conversion = try CoordinateConversion.declared(crs, file: path)
        let file = try KeyedPointFile(
            path: path, keyNames: ["source_id", "id", "code"], lonNames: ["lon", "lng", "longitude"], latNames: ["lat", "latitude"],
            expected: "source_id, lon, lat, priority", noun: ("stop", "id"))
        let priorityColumn = file.column(["priority", "prize"])
        var problems = ProblemList()
        var stops: [RouteStop] = []
        for row in file.rows(problems: &problems, conversion: conversion) {
            var priority = 1.0
            if let priorityColumn, !file.document.isEmpty(row.fields[priorityColumn]) {
                guard let value = file.document.double(row.fields[priorityColumn]), value.isFinite, value > 0 else {
                    problems.append(InputError(file: path, line: row.line, field: file.header[priorityColumn], message: "expected a positive number"))
                    continue
                }
                priority = value
            }
            stops.append(RouteStop(id: row.key, location: row.lonLat, priority: priority))
        }
        try problems.throwIfAny()
        return stops
    }
}
