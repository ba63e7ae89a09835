import ArgumentParser
import FileWriting
import PermitWatch

/// `--format` and `--output`, shared by the commands that print tables of results.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, csv, json or geojson.")
    var format: ResultFormat = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// How wide a table may be: a terminal's width, or every value whole in a file or a pipe.
    var tableLayout: TableResultWriter.Layout { output == nil ? .standardOutput() : .full }

    /// Hands `body` the writer for the chosen format, writing to `--output` or standard output.
    func write(excel: Bool = false, _ body: (any QueryResultWriter) throws -> Void) throws {
        try OutputFile.write(to: output) { sink in try body(format.makeWriter(sink: sink, excel: excel, table: tableLayout)) }
    }
}

extension ResultFormat: ExpressibleByArgument {}
