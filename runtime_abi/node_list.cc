#include "node_list.h"

namespace taskc::host {

NodeListPool::Chunk* NodeListPool::take() {
  ++in_use_;
  if (free_ != nullptr) {
    Chunk* chunk = free_;
    free_ = chunk->next;
    chunk->next = nullptr;
    return chunk;
  }
  if (slab_used_ == kSlabChunks) {
    // Not value-initialized: a chunk's bytes are written before being read.
    slabs_.emplace_back(new Chunk[kSlabChunks]);
    slab_used_ = 0;
  }
  Chunk* chunk = &slabs_.back()[slab_used_++];
  chunk->next = nullptr;
  return chunk;
}

void NodeListPool::give_back(Chunk* first, Chunk* last) {
  for (Chunk* chunk = first;; chunk = chunk->next) {
    --in_use_;
    if (chunk == last) break;
  }
  last->next = free_;
  free_ = first;
}

void NodeList::put_byte(uint8_t byte) {
  if (tail_used_ == NodeListPool::kChunkBytes) {
    NodeListPool::Chunk* chunk = pool_->take();
    if (tail_ == nullptr) {
      head_ = chunk;
    } else {
      tail_->next = chunk;
    }
    tail_ = chunk;
    tail_used_ = 0;
  }
  tail_->bytes[tail_used_++] = byte;
}

void NodeList::push_back(uint32_t node) {
  uint32_t delta = count_ == 0 ? node : node - last_ - 1;
  while (delta >= 0x80) {
    put_byte(static_cast<uint8_t>(delta | 0x80));
    delta >>= 7;
  }
  put_byte(static_cast<uint8_t>(delta));
  last_ = node;
  ++count_;
}

void NodeList::clear() {
  if (head_ != nullptr) pool_->give_back(head_, tail_);
  head_ = tail_ = nullptr;
  tail_used_ = NodeListPool::kChunkBytes;
  last_ = 0;
  count_ = 0;
}

void NodeList::steal(NodeList& other) {
  pool_ = other.pool_;
  head_ = other.head_;
  tail_ = other.tail_;
  tail_used_ = other.tail_used_;
  last_ = other.last_;
  count_ = other.count_;
  other.head_ = other.tail_ = nullptr;
  other.tail_used_ = NodeListPool::kChunkBytes;
  other.last_ = 0;
  other.count_ = 0;
}

}  // namespace taskc::host
