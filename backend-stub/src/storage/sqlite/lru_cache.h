// A map that holds at most `capacity` entries and forgets the least recently used one first: for caches in
// front of the database, whose memory must not grow with what clients send.
#pragma once
#include <cstddef>
#include <list>
#include <unordered_map>
#include <utility>

namespace bk::registry {

template <class Key, class Value, class Hash = std::hash<Key>>
class LruCache {
public:
    explicit LruCache(std::size_t capacity) : m_capacity(capacity) {}

    // The value, now the most recently used; nullptr when absent. Valid until the next Put or Clear.
    Value* Find(const Key& key) {
        auto it = m_index.find(key);
        if (it == m_index.end()) return nullptr;
        m_order.splice(m_order.begin(), m_order, it->second);
        return &it->second->second;
    }

    void Put(const Key& key, Value value) {
        if (m_capacity == 0) return;
        if (Value* existing = Find(key)) {
            *existing = std::move(value);
            return;
        }
        if (m_index.size() >= m_capacity) {
            m_index.erase(m_order.back().first);
            m_order.pop_back();
        }
        m_order.emplace_front(key, std::move(value));
        m_index.emplace(key, m_order.begin());
    }

    void Clear() {
        m_index.clear();
        m_order.clear();
    }

    std::size_t Size() const { return m_index.size(); }
    std::size_t Capacity() const { return m_capacity; }

private:
    using Entry = std::pair<Key, Value>;
    std::size_t m_capacity;
    std::list<Entry> m_order;  // most recently used first
    std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> m_index;
};

}  // namespace bk::registry
