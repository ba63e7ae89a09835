import ArgumentParser
import Foundation
import PermitWatch
import ProvinceGenerator

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

    @Option(name: .long, help: ArgumentHelp("Raster resolution of the boundaries in metres (coarser is faster).", visibility: .hidden))
    var pixelSize: Double = 250

    func validate() throws {
        guard sources > 0 else { throw ValidationError("--sources must be positive, got \(sources)") }
        guard GeneratorOptions.pixelSizeRange.contains(pixelSize) else {
            throw ValidationError("--pixel-size must be between \(Int(GeneratorOptions.pixelSizeRange.lowerBound)) and \(Int(GeneratorOptions.pixelSizeRange.upperBound)) metres, got \(pixelSize)")
        }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let progress = ProgressReporter.terminal
        var clock = Stopwatch()
        let summary = try ProvinceGenerator(options: GeneratorOptions(sources: sources, seed: seed, pixelSize: pixelSize))
            .write(to: directory) { progress.report($0) }
        print("wrote \(directory.path) in \(String(format: "%.1f", clock.lap())) s")
        print(summary)
    }
}
