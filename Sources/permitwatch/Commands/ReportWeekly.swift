import ArgumentParser
import FileWriting
import Foundation
import PermitWatch

/// `permitwatch report weekly`: the weekly report of unlicensed sources by grid.
struct ReportWeekly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weekly",
        abstract: "The weekly report of unlicensed sources by grid, as the history stood at the end of an ISO week.",
        discussion: """
            One row per administrative grid (or occupied square cell with --grid square:METRES): \
            unlicensed at the end of the week, found, resolved by kind (permitted, registered, \
            closed), put under a rectification notice, net change against the week before, \
            rectifying and overdue, not inspected in the last --inspection-weeks weeks, and the \
            hot-spot bin of the latest hot-spot run on the same grid. Weeks are ISO weeks \
            (Monday to Sunday) of the register's dates (Asia/Shanghai); only events up to the \
            end of the week count, so a past week always gives the same report. The default \
            week is the last complete week of the data.

            Examples:
              permitwatch report weekly --format html --output week40.html --week 2020-W40
              permitwatch report weekly --area 4401 --format md
              permitwatch report weekly --grid square:1000 --format geojson --output cells.geojson
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("ISO week, e.g. 2020-W40 (default: the last complete week of the data).", valueName: "week"))
    var week: String?

    @Option(name: .long, help: ArgumentHelp("admin or square:METRES.", valueName: "grid"))
    var grid = "admin"

    @Option(name: .long, help: ArgumentHelp("Only this prefecture, county, town or grid.", valueName: "code"))
    var area: String?

    @Option(name: .customLong("inspection-weeks"), help: ArgumentHelp("Weeks an inspection counts for.", valueName: "n"))
    var inspectionWeeks = 4

    @Option(name: .long, help: "csv, json, geojson, html or md.")
    var format: WeeklyReportFormat = .csv

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws { _ = try options() }

    func options() throws -> WeeklyReport.Options {
        var options = try checkingUsage { try WeeklyReport.Options(week: week, grid: grid, area: area, inspectionWeeks: inspectionWeeks) }
        options.outlines = format.needsOutlines
        return options
    }

    func run() throws {
        let options = try options()
        let store = try database.openReadOnly()
        var clock = Stopwatch()
        let report = try WeeklyReport(store: store).run(options)
        let computed = clock.lap()
        try OutputFile.write(to: output) { sink in try format.write(report, to: sink) }
        let t = report.total.figures
        printError(
            "\(report.week) \(report.scopeTitle): \(report.rows.count) grids, \(t.unlicensed) unlicensed (\(t.netChange >= 0 ? "+" : "")\(t.netChange)), "
                + "\(t.found) found, \(t.resolved) resolved, \(t.overdue) overdue; computed in " + String(format: "%.2f s, written in %.2f s", computed, clock.lap()))
    }
}

extension WeeklyReportFormat: ExpressibleByArgument {}
