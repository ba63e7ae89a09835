import Foundation
import GeoFiles
import GeoKit
import Store

/// A list of sources that is not CSV, read through GDAL: a workbook's sheet (XLSX, XLS, ODS) or
/// a point layer (Shapefile, GeoPackage, …), turned into the CSV text `SourceFileReader` checks.
///
/// The CSV reader stays the one place where a source list is understood: column matching
/// (Chinese headers, the field flags), validation, duplicates and every message are its own,
/// and a sheet gets them unchanged. Only the location differs: each problem is moved from the
/// generated text's line to the row as the sheet numbers it (or the layer's feature id), with
/// the sheet or layer named.
///
/// A sheet's header is found rather than assumed: bureau workbooks put a title or notes above
/// it, so leading rows are skipped until one has the id, longitude and latitude columns. A
/// point layer's points become its first two columns, `lon` and `lat`, converted to WGS-84
/// from the layer's own system or the declared one, by the conversion every ingest shares.
struct SourceTableInput {
    /// The CSV text: the header, then one record per row (UTF-8).
    var bytes: [UInt8]
    /// The system the CSV reader converts the coordinates from: the declared one for a sheet
    /// (its cells are as typed), what is left after GDAL's conversion for a point layer.
    var crs: CoordinateSystem
    /// The coordinate system as the ingest log records it.
    var crsDescription: String
    /// The sheet or layer read.
    var name: String
    var isSheet: Bool
    /// `XLSX sheet 名录`, `ESRI Shapefile layer sources`: what the report says was read.
    var reader: String
    /// GDAL's warnings.
    var warnings: [String]
    /// The sheet row (or feature id) of the record starting on each line of `bytes`.
    private var rowOfLine: [Int: Int]

    /// The formats read through GDAL, by extension: workbooks and point layers. Anything else
    /// is CSV, the fast path (whose reader names a file that is not).
    static let gdalExtensions: Set<String> = ["xlsx", "xls", "ods", "shp", "dbf", "gpkg", "gdb", "geojson", "kml", "kmz", "fgb"]

    /// Whether `path` is read through GDAL rather than as CSV.
    static func isNeeded(for path: String) -> Bool {
        gdalExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// - Parameters:
    ///   - sheet: the sheet or layer to read (`--sheet`); nil: the only one with rows.
    ///   - encoding: the text encoding of a `.dbf` without `.cpg`.
    ///   - crs: the user's `--crs`; nil: a layer's own system, else WGS-84.
    ///   - choices: the field flags, so the header is recognised by the columns they name.
    static func read(
        _ path: String, sheet: String?, encoding: String?, crs: CoordinateSystem?, choices: [SourceColumns.Field: SourceColumns.Choice]
    ) throws -> SourceTableInput {
        let request = try CoordinateConversion.request(declaring: crs, file: path)
        let read: (driver: String, table: SheetTable?, layer: VectorLayer?)
        do throws(GeoFileError) {
            let file = try VectorFile(path: path, options: .init(encoding: encoding, spreadsheetRows: true))
            if file.isSpreadsheet {
                let table = try file.table(sheet) { cells in
                    guard let columns = try? SourceColumns(header: cells, choices: choices, keepColumns: false, file: path) else { return false }
                    return columns[.sourceID] != nil && columns[.lon] != nil && columns[.lat] != nil
                }
                read = (file.driver, table, nil)
            } else {
                read = (file.driver, nil, try file.read(layer: sheet, coordinates: request))
            }
        } catch {
            throw error.rejected
        }
        guard let table = read.table else { return try pointLayer(read.layer!, path: path, declared: crs) }
        var input = SourceTableInput(
            bytes: [], crs: crs ?? .wgs84, crsDescription: (crs ?? .wgs84).description, name: table.name, isSheet: true,
            reader: "\(read.driver) sheet \(table.name)", warnings: table.warnings, rowOfLine: [:])
        input.write(header: table.columns, headerRow: table.headerRow, rows: table.rows.lazy.map { ($0.number, $0.cells) })
        return input
    }

    /// A layer's attributes, with its points first as `lon`, `lat` in WGS-84 (a layer without
    /// geometries, an attribute table, is read as a sheet: its own columns name the coordinates).
    private static func pointLayer(_ layer: VectorLayer, path: String, declared crs: CoordinateSystem?) throws -> SourceTableInput {
        let conversion = CoordinateConversion.after(reading: layer, declared: crs)
        var remaining = CoordinateSystem.wgs84
        if case .inProcess(let system) = conversion.method { remaining = system }
        var input = SourceTableInput(
            bytes: [], crs: remaining, crsDescription: conversion.description, name: layer.name, isSheet: false,
            reader: "\(layer.driver) layer \(layer.name)", warnings: layer.warnings, rowOfLine: [:])
        let names = layer.fields.map(\.name)
        guard layer.features.contains(where: { $0.geometry != nil }) else {
            input.write(header: names, headerRow: 0, rows: layer.features.lazy.map { (Int($0.id), $0.values.map(\.text)) })
            return input
        }
        var problems = ProblemList()
        var rows: [(Int, [String?])] = []
        rows.reserveCapacity(layer.features.count)
        for feature in layer.features {
            let point: Coordinate
            switch feature.geometry {
            case .point(let c)?: point = c
            case .multiPoint(let cs)? where cs.count == 1: point = cs[0]
            case let other:
                problems.append(InputError(
                    file: path, line: nil, feature: Int(feature.id), field: "geometry",
                    message: "expected a Point (a source's location), found \(other?.typeName ?? "none")", layer: layer.name))
                continue
            }
            if conversion.isAssumed, let message = conversion.rangeProblem(point) {
                problems.append(InputError(file: path, line: nil, feature: Int(feature.id), field: "geometry", message: message, layer: layer.name))
                continue
            }
            rows.append((Int(feature.id), [Self.number(point.x), Self.number(point.y)] + feature.values.map(\.text)))
        }
        try problems.throwIfAny()
        input.write(header: ["lon", "lat"] + names, headerRow: 0, rows: rows)
        return input
    }

    /// A coordinate as the CSV reader parses it, with every digit kept.
    private static func number(_ x: Double) -> String { "\(x)" }

    /// Writes the CSV text, remembering which row each record's first line is.
    ///
    /// The text opens with an empty line: the CSV reader takes its delimiter from the first line,
    /// and a header cell holding semicolons or tabs must not make them the delimiter.
    private mutating func write<Rows: Sequence>(header: [String], headerRow: Int, rows: Rows) where Rows.Element == (Int, [String?]) {
        var text = "\n"
        var line = 2
        func record(_ cells: [String?], row: Int) {
            rowOfLine[line] = row
            for (i, cell) in cells.enumerated() {
                if i > 0 { text += "," }
                guard let cell else { continue }
                if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                    text += "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    line += cell.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
                } else {
                    text += cell
                }
            }
            text += "\n"
            line += 1
        }
        record(header.map { Optional($0) }, row: headerRow)
        for (row, cells) in rows { record(cells, row: row) }
        bytes = Array(text.utf8)
    }

    /// The problem located in the sheet (its row) or the layer (its feature id).
    func located(_ problem: InputError) -> InputError {
        var located = problem
        located.layer = name
        located.isSheet = isSheet
        guard let line = problem.line else { return located }
        // The header is on line 2 (the reader says line 1 for a missing column).
        let isHeader = line <= 2
        if !isSheet && isHeader {
            located.line = nil  // the layer's fields: the file as a whole
            return located
        }
        let row = rowOfLine[isHeader ? 2 : line] ?? line
        if isSheet {
            located.line = row
        } else {
            located.line = nil
            located.feature = row
        }
        return located
    }

    /// A row left out (`--on-error skip`) located as the sheet numbers it (or by feature id); its
    /// text is the row's cells as CSV.
    func located(_ row: IngestLogEntry.RejectedRow) -> IngestLogEntry.RejectedRow {
        var located = row
        located.line = rowOfLine[row.line] ?? row.line
        return located
    }

    /// Runs `body` (the CSV reader on `bytes`), locating the problems of a rejection.
    static func locating<T>(_ input: SourceTableInput?, _ body: () throws -> T) throws -> T {
        guard let input else { return try body() }
        do {
            return try body()
        } catch let rejected as RejectedInput {
            throw RejectedInput(problems: rejected.problems.map(input.located), omitted: rejected.omitted)
        }
    }
}
