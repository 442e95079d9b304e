// Only the ECharts parts the console uses are registered here (tree-shaken bundle).
import { use, init, type ComposeOption } from 'echarts/core'
import { BarChart, type BarSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  TooltipComponent,
  MarkLineComponent,
  type GridComponentOption,
  type TooltipComponentOption,
  type MarkLineComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

export type BarOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption>
export { init }
