import ArgumentParser

/// `permitwatch route`: inspection route planning.
struct Route: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan inspection routes, or solve a TSPLIB instance to measure the solver.",
        subcommands: [RoutePlanCommand.self, RouteTSPLIB.self])
}
