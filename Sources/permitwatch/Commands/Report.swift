import ArgumentParser

/// `permitwatch report`: the group of reports.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Produce the reports the bureau reads.",
        subcommands: [ReportWeekly.self])
}
