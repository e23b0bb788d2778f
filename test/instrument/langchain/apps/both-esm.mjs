// register and instrument() together: each run is still traced once.
import * as callbacksManager from '@langchain/core/callbacks/manager';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { instrument } from 'agent-otel';

instrument(callbacksManager);
const model = new FakeListChatModel({ responses: ['traced once'] });
const graph = new StateGraph(MessagesAnnotation)
  .addNode('ask', async (state, config) => ({ messages: [await model.invoke(state.messages, config)] }))
  .addEdge(START, 'ask')
  .addEdge('ask', END)
  .compile({ name: 'both_graph' });
await graph.invoke({ messages: [{ role: 'user', content: 'hi' }] });
