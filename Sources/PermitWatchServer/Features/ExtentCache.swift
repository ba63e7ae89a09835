import Foundation
import Store

/// Collection extents, kept until the data changes: the bbox of 16,000 grid polygons takes a
/// read of every polygon, too much to repeat for each metadata request.
final class ExtentCache: @unchecked Sendable {
    private let lock = NSLock()
    private var extents: [String: (generation: Int64, extent: FeatureExtent)] = [:]

    func extent(of definition: FeatureCollectionDefinition, generation: Int64, store: any EnforcementStore) throws -> FeatureExtent {
        lock.lock()
        if let cached = extents[definition.id], cached.generation == generation {
            lock.unlock()
            return cached.extent
        }
        lock.unlock()
        let extent = try store.featureExtent(definition)
        lock.lock()
        extents[definition.id] = (generation, extent)
        lock.unlock()
        return extent
    }
}
