import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './locales'
import { vPermission } from './directives/permission'
import './styles.css'

createApp(App).use(createPinia()).use(router).use(i18n).directive('permission', vPermission).mount('#app')
