import ArgumentParser
import Foundation
import PermitWatch

/// `--format` and `--output`, shared by the commands that print tables of results.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, geojson
    }

    @Option(name: .long, help: "table, csv, json or geojson.")
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Opens the output and hands `body` the writer for the chosen format; closes the file after.
    func write(excel: Bool = false, _ body: (any QueryResultWriter) throws -> Void) throws {
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("--output \(output): cannot create the file")
            }
            handle = file
        } else {
            handle = .standardOutput
        }
        defer { if output != nil { try? handle.close() } }
        let sink = ByteSink(handle)
        let writer: any QueryResultWriter = switch format {
        case .table: TableResultWriter(sink: sink)
        case .csv: CSVResultWriter(sink: sink, excel: excel)
        case .json: JSONResultWriter(sink: sink)
        case .geojson: GeoJSONResultWriter(sink: sink)
        }
        try body(writer)
    }
}
