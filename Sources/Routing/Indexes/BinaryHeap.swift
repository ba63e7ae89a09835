/// A min-heap of (key, value) pairs for Dijkstra and A*. Entries are never decreased in place:
/// a shorter distance pushes a new entry and stale ones are skipped when popped, which is
/// simpler than an indexed heap and as fast on road graphs (few re-pushes per node).
struct BinaryHeap {
    private var keys: [Double] = []
    private var values: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Double, _ value: Int) {
        keys.append(key)
        values.append(Int32(value))
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard keys[parent] > keys[child] else { break }
            keys.swapAt(parent, child)
            values.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (key: Double, value: Int)? {
        guard let lastKey = keys.last, let lastValue = values.last else { return nil }
        let top = (keys[0], Int(values[0]))
        keys.removeLast()
        values.removeLast()
        guard !keys.isEmpty else { return top }
        keys[0] = lastKey
        values[0] = lastValue
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < keys.count else { break }
            let right = left + 1
            let child = right < keys.count && keys[right] < keys[left] ? right : left
            guard keys[child] < keys[parent] else { break }
            keys.swapAt(parent, child)
            values.swapAt(parent, child)
            parent = child
        }
        return top
    }
}
