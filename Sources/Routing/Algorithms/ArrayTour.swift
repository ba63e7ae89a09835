/// A closed tour held as an array of places plus the position of each place.
///
/// `next`, `previous` and "which comes first" are O(1); a 2-opt move reverses one of the two
/// paths it separates, and reversing the shorter one keeps a move at n/4 swaps on average.
/// (Doubly linked lists make a reversal O(n) always; splay or 2-level lists pay only above
/// ~10⁴ places, far more than an inspection day has.)
final class ArrayTour {
    let count: Int
    /// The place at each position.
    let place: UnsafeMutablePointer<Int32>
    /// The position of each place.
    let position: UnsafeMutablePointer<Int32>

    init(order: [Int]) {
        count = order.count
        place = .allocate(capacity: max(1, count))
        position = .allocate(capacity: max(1, count))
        for (index, city) in order.enumerated() {
            place[index] = Int32(city)
            position[city] = Int32(index)
        }
    }

    deinit {
        place.deallocate()
        position.deallocate()
    }

    var order: [Int] { (0..<count).map { Int(place[$0]) } }

    @inline(__always)
    func next(_ city: Int) -> Int {
        let p = Int(position[city]) + 1
        return Int(place[p == count ? 0 : p])
    }

    @inline(__always)
    func previous(_ city: Int) -> Int {
        let p = Int(position[city])
        return Int(place[p == 0 ? count - 1 : p - 1])
    }

    /// Reverses the `length` places starting at position `start`, wrapping around the end.
    @inline(__always)
    func reversePositions(start: Int, length: Int) {
        var left = start
        var right = start + length - 1
        if right >= count { right -= count }
        for _ in 0..<(length / 2) {
            let a = place[left], b = place[right]
            place[left] = b
            position[Int(b)] = Int32(left)
            place[right] = a
            position[Int(a)] = Int32(right)
            left += 1
            if left == count { left = 0 }
            right -= 1
            if right < 0 { right = count - 1 }
        }
    }

    /// Reverses the path from `first` forwards to `last`, or, when that is more than half the
    /// tour, the complementary path (the same cycle, read the other way round).
    /// Returns the positions reversed so that a journal can undo it.
    @inline(__always)
    @discardableResult
    func reversePath(from first: Int, to last: Int) -> (start: Int, length: Int) {
        let i = Int(position[first])
        let j = Int(position[last])
        var length = j - i
        if length < 0 { length += count }
        length += 1
        if 2 * length > count {
            let start = j + 1 == count ? 0 : j + 1
            let outer = count - length
            reversePositions(start: start, length: outer)
            return (start, outer)
        }
        reversePositions(start: i, length: length)
        return (i, length)
    }

    /// Swaps the block of `firstLength` places at `start` with the `secondLength` places after
    /// it (positions wrap around). This is the double-bridge kick: A B C D becomes A C B D.
    func swapAdjacentBlocks(start: Int, firstLength: Int, secondLength: Int, scratch: UnsafeMutablePointer<Int32>) {
        let total = firstLength + secondLength
        var p = start
        for index in 0..<total {
            scratch[index] = place[p]
            p += 1
            if p == count { p = 0 }
        }
        p = start
        for index in 0..<total {
            let source = index < secondLength ? firstLength + index : index - secondLength
            let city = scratch[source]
            place[p] = city
            position[Int(city)] = Int32(p)
            p += 1
            if p == count { p = 0 }
        }
    }
}
