import Foundation
import Testing

/// Files a test makes at test time with `ogr2ogr` (from the real data, or from a CSV it
/// writes), in a temporary directory of its own that goes with the value.
///
/// The real data is never copied into the repository: a GBK Shapefile, a GeoPackage or an XLSX
/// workbook is made from it when a test runs, the way a GIS department would export it.
public final class GDALFixtures {
    /// The directory the files are made in.
    public let directory: URL

    public init(_ name: String) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("permitwatch-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The path of `name` in the directory (`name` itself when it is absolute).
    public func path(_ name: String) -> String { name.hasPrefix("/") ? name : directory.appendingPathComponent(name).path }

    /// Runs `ogr2ogr [options] OUTPUT INPUT…` and returns OUTPUT's path (`output` is relative to
    /// the directory). Fails the test when GDAL is missing or the conversion fails.
    @discardableResult
    public func ogr2ogr(_ output: String, from input: [String], _ options: [String] = []) throws -> String {
        try Requirement.gdal.require()
        let target = path(output)
        guard let result = try ExternalTool.run("ogr2ogr", options + [target] + input) else {
            try Requirement.gdal.require()
            return target
        }
        guard result.status == 0 else { throw FixtureError(command: "ogr2ogr \((options + [target] + input).joined(separator: " "))", output: result.error) }
        return target
    }

    /// A legacy Excel workbook (.xls) `output` with one sheet per `(name, CSV path)`, written by
    /// `scripts/write_xls.py` (GDAL reads XLS but cannot write it); the sheet's row 1 is the
    /// CSV's first line, and cells that read as numbers are numbers.
    public func xls(_ output: String, sheets: [(name: String, csv: String)]) throws -> String {
        try Requirement.xlwt.require()
        let target = path(output)
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/write_xls.py").path
        let arguments = [script, target] + sheets.map { "\($0.name)=\($0.csv)" }
        let result = try Python.run(arguments)
        guard result.status == 0 else { throw FixtureError(command: "python3 " + arguments.joined(separator: " "), output: result.error) }
        return target
    }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// A fixture command that failed.
    public struct FixtureError: Error, CustomStringConvertible {
        public var command: String
        public var output: String
        public var description: String { "\(command) failed: \(output)" }
    }
}
