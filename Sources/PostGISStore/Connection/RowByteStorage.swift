/// The bytes of one row's texts and blobs, kept while the row is read and freed when the next is
/// loaded: the cursors' values point into them (the output writers take pointers, as SQLite's
/// column accessors give them, so the same writers serve both stores).
struct RowByteStorage: ~Copyable {
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    init() {}

    deinit { for buffer in buffers { buffer.deallocate() } }

    /// Frees what the previous row kept.
    mutating func release() {
        for buffer in buffers { buffer.deallocate() }
        buffers.removeAll(keepingCapacity: true)
    }

    /// A copy of `bytes` that lives until the next `release()`.
    mutating func keep(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        buffers.append(buffer)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<bytes.count])
    }
}
