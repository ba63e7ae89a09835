import FileWriting
import Foundation

/// One dataset file, written through `OutputFile` like every file permitwatch writes: a symbolic
/// link is written through and stays a link, a regular file is replaced whole (a reader never
/// sees half of `sources.csv`, and a failed generation leaves the old file).
///
/// Records are formatted by hand into `out` and handed to the sink a megabyte at a time, so
/// millions of small records cost one hand-over, and one system call, per megabyte.
final class DatasetFile {
    /// Records are formatted straight into this buffer; call `flushIfFull()` after each.
    var out = ByteBuffer(capacity: 1 << 21)
    private let sink: ByteSink
    private static let blockSize = 1 << 20
    private(set) var bytesWritten = 0

    private init(sink: ByteSink) { self.sink = sink }

    /// Writes the file at `url` with what `body` formats into it and returns its size in bytes.
    ///
    /// - Throws: `GeneratorError.cannotWrite` naming the file when it cannot be opened or
    ///   written (the generator's errors stay its own); whatever `body` throws.
    static func write(to url: URL, _ body: (DatasetFile) throws -> Void) throws -> Int {
        var bytes = 0
        do {
            try OutputFile.write(to: url.path, parameter: "out") { sink in
                let file = DatasetFile(sink: sink)
                try body(file)
                try file.flush()
                bytes = file.bytesWritten
            }
        } catch let error as OutputFileError {
            throw GeneratorError.cannotWrite(path: error.path, reason: error.reason)
        }
        return bytes
    }

    @inline(__always)
    func flushIfFull() throws {
        if out.count >= Self.blockSize { try flush() }
    }

    /// Writes a block formatted elsewhere (by a parallel job) after what is buffered.
    func write(_ block: [UInt8]) throws {
        try flush()
        try handOver(block)
    }

    private func flush() throws {
        try handOver(out.bytes)
        out.bytes.removeAll(keepingCapacity: true)
    }

    private func handOver(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try sink.write(bytes)
        bytesWritten += bytes.count
    }
}
