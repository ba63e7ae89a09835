/// A raw view of an array that concurrent chunks write to at disjoint indices.
///
/// Only valid inside the `withUnsafeMutableBufferPointer` scope that made it; used so hot
/// loops can fill one big array from several threads without copying.
struct SharedBuffer<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T>?
    let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<T>) {
        base = buffer.baseAddress
        count = buffer.count
    }

    @inline(__always)
    subscript(index: Int) -> T {
        get { base.unsafelyUnwrapped[index] }
        nonmutating set { base.unsafelyUnwrapped[index] = newValue }
    }
}
