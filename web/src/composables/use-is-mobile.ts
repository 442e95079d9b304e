import { onBeforeUnmount, ref } from 'vue'

/** True on a phone-sized screen (≤ 768 px wide); follows resizes. */
export function useIsMobile() {
  const mq = window.matchMedia('(max-width: 768px)')
  const isMobile = ref(mq.matches)
  const on = (e: MediaQueryListEvent) => (isMobile.value = e.matches)
  mq.addEventListener('change', on)
  onBeforeUnmount(() => mq.removeEventListener('change', on))
  return isMobile
}
