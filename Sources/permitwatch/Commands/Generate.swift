import ArgumentParser
import Foundation
import PermitWatch

/// `permitwatch generate`: writes the deterministic Guangdong-like default dataset.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the Guangdong-like default dataset (boundaries, sources, history, depots).",
        discussion: """
            The 21 real prefectures at their approximate positions and sizes, about 120 counties, \
            1,600 towns and 16,000 administrative grids; by default exactly the 2020 campaign's \
            counts (22,600 permitted, 385,800 registered, 2,994 rectifying, 250,100 special) plus \
            3% unlicensed sources, and a weekly history through 2020. The same seed always writes \
            the same bytes. geodata/README.md documents every file.
            """)

    @Option(name: .long, help: ArgumentHelp("Directory to write into (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "Touched (non-unlicensed) sources; the four status counts scale with it.")
    var sources: Int = 661_494

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 2020

    @Option(name: .long, help: ArgumentHelp("Raster resolution of the boundaries in metres (100–5000; coarser is faster).", visibility: .hidden))
    var pixelSize: Double = 250

    func validate() throws {
        try checkingUsage { try DatasetGeneration.check(sources: sources, pixelSize: pixelSize) }
    }

    func run() throws {
        let result = try DatasetGeneration.run(
            to: URL(fileURLWithPath: out), sources: sources, seed: seed, pixelSize: pixelSize, progress: .terminal)
        print("wrote \(result.directory.path) in \(String(format: "%.1f", result.seconds)) s")
        print(result.summary)
    }
}
