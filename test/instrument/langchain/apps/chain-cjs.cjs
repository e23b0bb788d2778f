/* eslint-disable no-undef, @typescript-eslint/no-require-imports -- a CommonJS app, as users write them; the compiler checks it (checkJs) */
// A CommonJS app: require-in-the-middle sees @langchain/core's callbacks/manager file.
const { ChatPromptTemplate } = require('@langchain/core/prompts');
const { FakeListChatModel } = require('@langchain/core/utils/testing');

const chain = ChatPromptTemplate.fromMessages([['human', '{question}']])
  .pipe(new FakeListChatModel({ responses: ['hello from CommonJS'] }))
  .withConfig({ runName: 'cjs_chain' });
chain.invoke({ question: 'hi' }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
