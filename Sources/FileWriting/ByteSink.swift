/// Buffered bytes to an output (a file, an HTTP response): writers append, the sink hands the
/// output 64 KB at a time. An output that fails (a client gone) stops the writer that feeds it.
public final class ByteSink {
    private let output: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []

    public init(output: @escaping ([UInt8]) throws -> Void) {
        self.output = output
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) throws { buffer.append(contentsOf: text.utf8); try flushIfFull() }
    /// A block of at least 64 KB goes to the output as it is, after what is buffered, without
    /// a copy: the generator and the exports hand over blocks of a megabyte.
    public func write(_ bytes: [UInt8]) throws {
        guard bytes.count < 1 << 16 else {
            try flush()
            try output(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        try flushIfFull()
    }

    private func flushIfFull() throws { if buffer.count >= 1 << 16 { try flush() } }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
