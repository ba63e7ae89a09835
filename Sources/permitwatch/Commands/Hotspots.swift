import ArgumentParser
import Foundation
import PermitWatch

/// `permitwatch hotspots`: Getis-Ord Gi* hot spots on grid cells, stored as the latest run.
struct Hotspots: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find statistically significant hot and cold spots (Getis-Ord Gi*) on grid cells and store the run.",
        discussion: """
            The cells are the occupied ones (at least one current source of any status) of the \
            square grid (--grid square:METRES, in the database's metric CRS) or of the administrative grids \
            (--grid admin). The value per cell is a count of sources of a status \
            (--value count:unlicensed) or a rate (--value rate:unlicensed = unlicensed / all sources \
            in the cell: where non-compliance is unusually high, not just where industry is dense). \
            Weights are binary with the cell itself included: the 8 surrounding cells (queen) or a \
            distance band (--neighbours band:METRES) on square grids, shared borders on \
            administrative grids. Output per cell: where it is (a square's centre and the town \
            it lies in; a grid's name and town), its sources, value, z, two-sided p, and bin \
            ±3/±2/±1 for 99/95/90 % confidence (--fdr: at the Benjamini–Hochberg cut-offs).

            The table lists the significant cells only, hottest first (--all: every cell); CSV, \
            JSON and GeoJSON hold every cell, in cell order.

            Examples:
              permitwatch hotspots
              permitwatch hotspots --value rate:unlicensed --format csv > cells.csv
              permitwatch hotspots --grid admin --fdr --format geojson --output hotspots.geojson
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("square:METRES or admin.", valueName: "grid"))
    var grid = "square:1000"

    @Option(name: .long, help: ArgumentHelp("count:STATUS or rate:STATUS.", valueName: "value"))
    var value = "count:unlicensed"

    @Option(name: .long, help: ArgumentHelp("queen or band:METRES (square grids).", valueName: "neighbours"))
    var neighbours = "queen"

    @Flag(name: .long, help: "Bin by the False Discovery Rate (Benjamini–Hochberg) cut-offs.")
    var fdr = false

    @Option(name: .long, help: ArgumentHelp("Only sources of this prefecture, county, town or grid.", valueName: "code"))
    var area: String?

    @Flag(name: .customLong("no-store"), help: "Do not store the run.")
    var noStore = false

    @Flag(name: .long, help: "List every cell in the table, not only the significant ones.")
    var all = false

    func validate() throws { _ = try options() }

    func options() throws -> HotspotAnalysis.Options {
        try checkingUsage {
            try HotspotAnalysis.Options(grid: grid, value: value, neighbours: neighbours, falseDiscoveryRate: fdr, area: area)
        }
    }

    func run() throws {
        let store = noStore ? try database.openReadOnly() : try database.openExisting()
        var clock = Stopwatch()
        let analysis = HotspotAnalysis(store: store)
        let report = try analysis.run(try options(), storing: !noStore)
        let seconds = clock.lap()
        let significantOnly = output.format == .table && !all
        try output.write { writer in
            try analysis.table(report, outlines: writer.needsGeometry, significantOnly: significantOnly).write(to: writer)
        }
        if significantOnly {
            let significant = report.cells.filter { $0.bin != 0 }.count
            printError("listed the \(significant) significant cells of \(report.cells.count); --all lists every cell")
        }
        let bins = report.bins
        let hot = (1...3).map { bins[$0] ?? 0 }.reduce(0, +), cold = (1...3).map { bins[-$0] ?? 0 }.reduce(0, +)
        var message = "\(report.cells.count) cells: \(hot) hot (\(bins[3] ?? 0) at 99 %), \(cold) cold, in " + String(format: "%.2f s", seconds)
        if report.islands > 0 { message += "; \(report.islands) cells have no neighbour and get no z" }
        if let run = report.runID {
            message += "; stored as run \(run)"
        } else if !noStore {
            message += "; not stored: no source was selected"
        }
        printError(message + " (" + report.timings.map { "\($0.part) " + String(format: "%.2f", $0.seconds) }.joined(separator: ", ") + ")")
    }
}
