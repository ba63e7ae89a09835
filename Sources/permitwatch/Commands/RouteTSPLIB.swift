import ArgumentParser
import Foundation
import PermitWatch

/// `permitwatch route tsplib FILE.tsp`: the tour heuristic on a TSPLIB instance, so that it can
/// be compared with published optima.
struct RouteTSPLIB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsplib",
        abstract: "Solve a TSPLIB instance (EUC_2D, CEIL_2D, ATT, GEO) and print length=<integer>.",
        discussion: """
            The length is recomputed from the tour with TSPLIB's own edge-weight function. The \
            time (reading included) and the iterations go to standard error. With --iterations the \
            tour depends only on the seed; with --seconds alone, on the machine's speed too.

            Example:
              permitwatch route tsplib pr1002.tsp --seconds 2
            """)

    @Argument(help: ArgumentHelp("A .tsp file with a NODE_COORD_SECTION.", valueName: "file.tsp"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Search for this long.", valueName: "s"))
    var seconds = 2.0

    @Option(name: .long, help: ArgumentHelp("Stop after this many kicks (whichever of the two limits comes first).", valueName: "n"))
    var iterations: Int?

    @Option(name: .long, help: ArgumentHelp("Seed of the kicks.", valueName: "n"))
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Also print the tour, one 1-based node per line.")
    var tour = false

    func validate() throws {
        try checkingUsage { try TSPLIBSolve.check(seconds: seconds, iterations: iterations) }
    }

    func run() throws {
        let result = try TSPLIBSolve.run(file: file, seconds: seconds, iterations: iterations, seed: seed)
        print("length=\(result.length)")
        if tour { print(result.order.map { String($0 + 1) }.joined(separator: "\n")) }
        printError(String(
            format: "%@: %d nodes, %.3f s, %d iterations (%d kept)", result.name, result.dimension, result.seconds, result.iterations, result.accepted))
    }
}
