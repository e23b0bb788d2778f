// Loads no @langchain/core entry point but runnables and utils/testing by name.
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';

const model = new FakeListChatModel({ responses: ['hello from a lambda'] });
const chain = RunnableLambda.from(async (question, config) => model.invoke(question, config)).withConfig({ runName: 'esm_lambda' });
await chain.invoke('hi');
