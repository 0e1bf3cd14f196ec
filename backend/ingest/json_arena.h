// A parse-scoped arena for nlohmann JSON trees. Parsing an alert into nlohmann's default tree costs one heap
// allocation per object, member, array and long string, and as much again to free them: ~37 µs of a 1.3 KB
// sample alert's ~43 µs in AlertParser (bench: parse, dump, destroy). Inside a JsonArena scope, ArenaJson
// trees take their memory from a thread-local block (64 KiB, kept for the thread's next parse; bigger
// documents continue on the heap, freed when the scope ends) and freeing is a no-op: ~18 µs.
//
// Rules: an ArenaJson value must not outlive the JsonArena scope it was created in (it is destroyed before
// the scope ends; copy what you need into ordinary types). Outside any scope ArenaJson uses the heap as
// usual. A tree belongs to the scope that is innermost when it is built or changed; an inner scope
// restores the outer one when it ends. The canonical output is that of nlohmann's
// default json (same serializer, same key order): only where the tree's memory comes from differs.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <memory_resource>
#include <optional>
#include <string>
#include <vector>

namespace eos {

class JsonArena {
public:
    JsonArena();
    ~JsonArena();
    JsonArena(const JsonArena &) = delete;
    JsonArena &operator=(const JsonArena &) = delete;

    // the resource ArenaJson allocates from on this thread: the innermost scope's arena, or the heap
    static std::pmr::memory_resource *current();
    // true when p lies in this thread's kept block (for tests: small trees never touch the heap)
    static bool inThreadBlock(const void *p);
    static constexpr std::size_t kBlockBytes = 64 * 1024;

private:
    std::pmr::memory_resource *m_previous;
    bool m_hasBlock = false;  // this scope uses the thread's kept block (the outermost scope does)
    std::optional<std::pmr::monotonic_buffer_resource> m_arena;
};

// nlohmann builds its allocators by default construction, so the arena is found through the thread.
template <class T>
struct JsonArenaAllocator {
    using value_type = T;
    JsonArenaAllocator() = default;
    template <class U>
    JsonArenaAllocator(const JsonArenaAllocator<U> &) noexcept {}
    T *allocate(std::size_t n) { return static_cast<T *>(JsonArena::current()->allocate(n * sizeof(T), alignof(T))); }
    void deallocate(T *p, std::size_t n) noexcept { JsonArena::current()->deallocate(p, n * sizeof(T), alignof(T)); }
    template <class U>
    bool operator==(const JsonArenaAllocator<U> &) const noexcept { return true; }
};

using ArenaJson = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, double,
                                       JsonArenaAllocator>;

}  // namespace eos
