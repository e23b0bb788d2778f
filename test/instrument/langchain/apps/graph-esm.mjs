// A LangGraph app written without agent-otel: run with --import dist/register.js, its graph runs are traced.
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';

const model = new FakeListChatModel({ responses: ['hello from the graph'] });
const graph = new StateGraph(MessagesAnnotation)
  .addNode('ask', async (state, config) => ({ messages: [await model.invoke(state.messages, config)] }))
  .addEdge(START, 'ask')
  .addEdge('ask', END)
  .compile({ name: 'esm_graph' });
await graph.invoke({ messages: [{ role: 'user', content: 'hi' }] });
