import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One reader fuzzed with `files` files: each made (`Mutator`), its number and seed written to
/// a marker first (so a crash names it), read (`ReaderHarness`) under a watchdog that aborts the
/// process past `timeLimit`, and judged; failing files are kept in `OUT/failures`.
///
/// **Time.** A file is too slow when it takes more than `timeLimit` seconds of wall time *and*
/// of the process's CPU time: wall time alone would blame the reader for whatever else runs on a
/// shared machine, and a reader that spins burns CPU time as fast as wall time. A reader that
/// waits forever (a deadlock, no CPU) is caught by wall time alone, at `wallLimitFactor` times
/// the limit.
///
/// Layout of `OUT`: `current` (the reader, seed and number being read; left behind by a crash,
/// with the file itself in `work-READER/`), `failures/READER-NUMBER.EXT` with
/// `READER-NUMBER.txt` saying why and how to make the file again.
public struct FuzzRun {
    public struct Summary: Sendable {
        public var reader: FuzzedReader
        public var files = 0
        public var accepted = 0
        public var rejected = 0
        public var failures: [(number: Int, reason: String)] = []
        public var slowestNumber = 0
        public var slowestSeconds = 0.0
        /// The slowest file's CPU time (all threads of the process).
        public var slowestCPUSeconds = 0.0
        public var slowestSize = 0
        public var seconds = 0.0
        /// The process's peak resident memory while this reader ran (VmHWM, reset before it
        /// when the kernel allows), in kB.
        public var peakResidentKB: Int?
        /// The file whose reading set that peak.
        public var peakNumber: Int?
    }

    public let reader: FuzzedReader
    public let seed: UInt64
    public let output: URL
    public let mutator: Mutator
    public var timeLimit: Double = 5
    /// Wall time alone past this many limits is a hang, whatever the CPU did.
    public static let wallLimitFactor = 12.0

    /// - Parameter root: the repository's root, where the seed files are.
    public init(reader: FuzzedReader, seed: UInt64, root: URL, output: URL) throws {
        self.reader = reader
        self.seed = seed
        self.output = output
        mutator = Mutator(reader: reader, seeds: try SeedFiles.load(reader, root: root))
    }

    /// Reads `numbers` (all of `0..<files` by default); `report` is called after each file.
    public func run(files: Int, only: [Int]? = nil, report: (Int, ReaderHarness.Outcome, Double) -> Void = { _, _, _ in }) throws -> Summary {
        let fileManager = FileManager.default
        let failures = output.appendingPathComponent("failures")
        try fileManager.createDirectory(at: failures, withIntermediateDirectories: true)
        let harness = try ReaderHarness(reader: reader, workDirectory: output.appendingPathComponent("work-\(reader.rawValue)"))
        let marker = output.appendingPathComponent("current")
        let watchdog = Watchdog(limit: timeLimit, wallLimit: timeLimit * Self.wallLimitFactor)
        watchdog.start()
        defer { watchdog.stop() }
        Self.resetPeakMemory()
        var summary = Summary(reader: reader)
        let started = Date()
        for number in only ?? Array(0..<files) {
            let bytes = mutator.file(number: number, seed: seed)
            let reproduce = "reader-fuzz --reader \(reader.rawValue) --seed \(seed) --only \(number)"
            let note = "reader \(reader.rawValue) seed \(seed) file \(number) (\(bytes.count) bytes, read from \(harness.inputPath)); again: \(reproduce)\n"
            try Data(note.utf8).write(to: marker)
            watchdog.begin(note)
            let clock = ContinuousClock.now
            let cpuStart = Self.processCPUSeconds()
            let outcome = harness.run(bytes, variant: number)
            let elapsed = clock.duration(to: .now)
            let cpu = Self.processCPUSeconds() - cpuStart
            watchdog.end()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            summary.files += 1
            var judged = outcome
            if seconds > timeLimit && cpu > timeLimit || seconds > timeLimit * Self.wallLimitFactor {
                let slow = String(format: "took %.2f s (%.2f s of CPU), more than %.0f s", seconds, cpu, timeLimit)
                if case .failure(let reason) = outcome { judged = .failure(reason: "\(reason); \(slow)") } else { judged = .failure(reason: slow) }
            }
            switch judged {
            case .accepted: summary.accepted += 1
            case .rejected: summary.rejected += 1
            case .failure(let reason):
                summary.failures.append((number, reason))
                let name = "\(reader.rawValue)-\(number)"
                try Data(bytes).write(to: failures.appendingPathComponent("\(name).\(reader.fileExtension)"))
                try Data("\(reason)\n\(note)".utf8).write(to: failures.appendingPathComponent("\(name).txt"))
            }
            if seconds > summary.slowestSeconds {
                summary.slowestSeconds = seconds
                summary.slowestNumber = number
                summary.slowestSize = bytes.count
                summary.slowestCPUSeconds = cpu
            }
            if let peak = Self.peakResidentKB(), peak > (summary.peakResidentKB ?? 0) {
                summary.peakResidentKB = peak
                summary.peakNumber = number
            }
            report(number, judged, seconds)
        }
        summary.seconds = Date().timeIntervalSince(started)
        try? fileManager.removeItem(at: marker)
        return summary
    }

    /// The CPU time of every thread of the process so far.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// VmHWM of /proc/self/status, in kB.
    static func peakResidentKB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// Resets VmHWM to the current resident size (Linux: `5` into /proc/self/clear_refs).
    static func resetPeakMemory() {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = write(descriptor, "5", 1)
        close(descriptor)
    }
}

/// Aborts the process when one file takes longer than the limit (wall and CPU time, or wall
/// time alone past `wallLimit`): a hang is a failure, and only the process can be stopped, not
/// the reader. It prints the file's marker first.
final class Watchdog: @unchecked Sendable {
    private let limit: Double
    private let wallLimit: Double
    private let lock = NSLock()
    private var current: (note: String, since: ContinuousClock.Instant, cpu: Double)?
    private var running = true

    init(limit: Double, wallLimit: Double) {
        self.limit = limit
        self.wallLimit = wallLimit
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                lock.lock()
                let stop = !running
                let overdue = current.flatMap { file -> String? in
                    let wall = file.since.duration(to: .now)
                    let cpu = FuzzRun.processCPUSeconds() - file.cpu
                    return wall > .seconds(limit) && cpu > limit || wall > .seconds(wallLimit) ? file.note : nil
                }
                lock.unlock()
                if stop { return }
                if let overdue {
                    FileHandle.standardError.write(Data("reader-fuzz: HANG: more than \(limit) s of wall and CPU time (or \(wallLimit) s of wall time) on \(overdue)".utf8))
                    abort()
                }
            }
        }
        thread.start()
    }

    func begin(_ note: String) {
        lock.lock()
        current = (note, .now, FuzzRun.processCPUSeconds())
        lock.unlock()
    }

    func end() {
        lock.lock()
        current = nil
        lock.unlock()
    }

    func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }
}

/// The seed files of a reader: the repository's fixtures and the fuzzer's own seeds, in the
/// order of their paths (the same on every machine).
public enum SeedFiles {
    public static func load(_ reader: FuzzedReader, root: URL) throws -> [[UInt8]] {
        var paths: [String] = []
        for (folder, extensions) in reader.seedFolders {
            let directory = root.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
                throw SeedError(message: "no seed folder \(directory.path); pass --root with the repository's root")
            }
            for name in names where extensions.contains((name as NSString).pathExtension) {
                paths.append(directory.appendingPathComponent(name).path)
            }
        }
        return try paths.sorted().map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw SeedError(message: "cannot read \(path)") }
            return [UInt8](data)
        }
    }

    public struct SeedError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
