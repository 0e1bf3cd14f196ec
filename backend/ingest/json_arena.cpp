#include "ingest/json_arena.h"

#include <memory>

namespace eos {
namespace {
thread_local std::pmr::memory_resource *t_current = nullptr;  // nullptr: the heap
thread_local std::unique_ptr<std::byte[]> t_block;             // made on a thread's first scope, kept
thread_local bool t_blockInUse = false;
}  // namespace

JsonArena::JsonArena() : m_previous(t_current)
{
    if (!t_blockInUse) {
        if (!t_block) t_block = std::make_unique<std::byte[]>(kBlockBytes);
        t_blockInUse = m_hasBlock = true;
        m_arena.emplace(t_block.get(), kBlockBytes, std::pmr::new_delete_resource());
    } else {
        m_arena.emplace(kBlockBytes / 4, std::pmr::new_delete_resource());  // nested: a block of its own
    }
    t_current = &*m_arena;
}

JsonArena::~JsonArena()
{
    t_current = m_previous;
    m_arena.reset();  // what went beyond the block goes back to the heap
    if (m_hasBlock) t_blockInUse = false;
}

std::pmr::memory_resource *JsonArena::current()
{
    return t_current ? t_current : std::pmr::new_delete_resource();
}

bool JsonArena::inThreadBlock(const void *p)
{
    const auto *b = static_cast<const std::byte *>(p);
    return t_block && b >= t_block.get() && b < t_block.get() + kBlockBytes;
}

}  // namespace eos
