import { App } from 'cdktf';
import { defineExamples } from './examples';

// The main job: `npx cdktf synth` runs this file (see cdktf.json).
const app = new App();
defineExamples(app);
app.synth();
