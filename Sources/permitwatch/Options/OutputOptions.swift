import ArgumentParser
import Foundation
import PermitWatch

/// `--format` and `--output`, shared by the commands that print tables of results.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, csv, json or geojson.")
    var format: ResultFormat = .table

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
        try body(format.makeWriter(sink: ByteSink(handle), excel: excel))
    }
}

extension ResultFormat: ExpressibleByArgument {}
