// What "New diagram" opens: an executable process with a start event, the Flowable and
// Steadyflow namespaces declared, and nothing else.
export const NEW_DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
             xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
             xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
             xmlns:flowable="http://flowable.org/bpmn"
             xmlns:sf="urn:steadyflow:bpmn"
             targetNamespace="urn:steadyflow:processes">
  <process id="newProcess" name="New process" isExecutable="true">
    <startEvent id="started" name="Started"/>
  </process>
  <bpmndi:BPMNDiagram id="newProcessDiagram">
    <bpmndi:BPMNPlane id="newProcessPlane" bpmnElement="newProcess">
      <bpmndi:BPMNShape id="started_di" bpmnElement="started">
        <dc:Bounds x="180" y="160" width="36" height="36"/>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>`;
